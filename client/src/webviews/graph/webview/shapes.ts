import type { GraphNodeKindName } from '../protocol';

/**
 * The outline of a node of each kind, as SVG path data for a box of `w`×`h` with its top-left
 * corner at the origin. Shape and colour (graph.css) both say the type, so neither is needed alone.
 */
export function shapePath(kind: GraphNodeKindName, w: number, h: number): string {
  switch (kind) {
    case 'transform':
      return polygon([[10, 0], [w, 0], [w - 10, h], [0, h]]);
    case 'add_context':
      return polygon([[0, 0], [w - 10, 0], [w, h], [10, h]]);
    case 'destination':
      return polygon([[12, 0], [w - 12, 0], [w, h / 2], [w - 12, h], [12, h], [0, h / 2]]);
    case 'event':
      return roundedRect(w, h, h / 2);
    case 'get_state':
    case 'update_state':
    case 'delete_state': {
      // A cylinder: a box whose top and bottom are half ellipses.
      const ry = 5;
      return `M0,${ry} A${w / 2},${ry} 0 0 1 ${w},${ry} L${w},${h - ry} A${w / 2},${ry} 0 0 1 0,${h - ry} Z M0,${ry} A${w / 2},${ry} 0 0 0 ${w},${ry}`;
    }
    case 'spool':
      // A box with a bar inside each side (a barrier that collects batches).
      return `${roundedRect(w, h, 2)} M6,0 L6,${h} M${w - 6},0 L${w - 6},${h}`;
    case 'node':
    case 'missing':
      return roundedRect(w, h, 10);
    default:
      return roundedRect(w, h, 3);
  }
}

function polygon(points: readonly (readonly [number, number])[]): string {
  return `M${points.map(([x, y]) => `${x},${y}`).join(' L')} Z`;
}

function roundedRect(w: number, h: number, r: number): string {
  const radius = Math.min(r, w / 2, h / 2);
  return `M${radius},0 L${w - radius},0 A${radius},${radius} 0 0 1 ${w},${radius} L${w},${h - radius} A${radius},${radius} 0 0 1 ${w - radius},${h} L${radius},${h} A${radius},${radius} 0 0 1 0,${h - radius} L0,${radius} A${radius},${radius} 0 0 1 ${radius},0 Z`;
}

/** Extra width a shape needs so its text stays inside the slanted or pointed sides. */
export function shapeInset(kind: GraphNodeKindName): number {
  switch (kind) {
    case 'transform':
    case 'add_context':
      return 20;
    case 'destination':
      return 24;
    case 'spool':
      return 12;
    default:
      return 0;
  }
}

/** A smooth route through dagre's points (quadratic curves through the midpoints). */
export function edgePath(points: readonly { x: number; y: number }[]): string {
  if (points.length === 0) return '';
  let d = `M${points[0].x},${points[0].y}`;
  if (points.length === 2) return `${d} L${points[1].x},${points[1].y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const next = points[i + 1];
    const mid = i === points.length - 2 ? next : { x: (points[i].x + next.x) / 2, y: (points[i].y + next.y) / 2 };
    d += ` Q${points[i].x},${points[i].y} ${mid.x},${mid.y}`;
  }
  return d;
}
