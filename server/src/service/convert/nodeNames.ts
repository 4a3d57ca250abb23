/**
 * Node names for converted legacy steps. A runtime 4 node is addressed by its `name` (in
 * `depends_on`, `resources_to_persist`, and `resources.<name>` for non-request nodes), so each
 * must be unique, and it should read like what the step does:
 *
 * - `ticketing/tickets` becomes `tickets` (the resource, which is what people call the step);
 * - when two different resource paths end the same way (`crm/users`, `ticketing/users`), both get
 *   their whole path, dashed (`crm-users`, `ticketing-users`), so neither looks like the "main" one;
 * - the same path twice (legacy allows duplicate steps that nothing depends on) gets `-2`, `-3`.
 *
 * Names keep to the characters a placeholder path segment allows (`[A-Za-z0-9_-]`), so
 * `{{resources.<name>…}}` can always address them.
 */
export function sanitizeName(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return cleaned.length > 0 ? cleaned : 'request';
}

export class NameAllocator {
  private readonly used = new Set<string>();

  /** `reserved`: names no node may take (see convertToRuntime4: the `resources.<x>` keys requests fill). */
  constructor(private readonly reserved: ReadonlySet<string> = new Set()) {}

  /** `base` if free, else `base-2`, `base-3`, … */
  take(base: string): string {
    let name = base;
    for (let n = 2; this.used.has(name) || this.reserved.has(name); n++) name = `${base}-${n}`;
    this.used.add(name);
    return name;
  }
}

/** One name per resource path, in step order; see the file comment for the rules. */
export function requestNames(resources: readonly string[]): string[] {
  const pathsByLast = new Map<string, Set<string>>();
  const lastOf = (resource: string) => sanitizeName(resource.split('/').filter((s) => s.length > 0).pop() ?? resource);
  for (const resource of resources) {
    const last = lastOf(resource);
    let paths = pathsByLast.get(last);
    if (!paths) pathsByLast.set(last, (paths = new Set()));
    paths.add(resource);
  }
  const allocator = new NameAllocator();
  return resources.map((resource) => {
    const last = lastOf(resource);
    const clash = (pathsByLast.get(last)?.size ?? 0) > 1;
    return allocator.take(clash ? sanitizeName(resource.replace(/\//g, '-')) : last);
  });
}
