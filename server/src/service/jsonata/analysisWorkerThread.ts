import { parentPort } from 'node:worker_threads';
import { analysisRecord, type AnalysisRecord } from './analysis';
import type { AnalysisReply, AnalysisRequest } from './analysisWorker';

/**
 * The worker thread of analysisWorker.ts (bundled as dist/analysisWorker.js): analyses each text
 * it is sent and replies with plain records. It keeps nothing between requests.
 */
parentPort?.on('message', (request: AnalysisRequest) => {
  const records: AnalysisRecord[] = [];
  for (const text of request.texts) {
    try {
      records.push(analysisRecord(text));
    } catch {
      // Left out: the main thread analyses it itself, where the failure is handled as before.
    }
  }
  const reply: AnalysisReply = { id: request.id, records };
  parentPort?.postMessage(reply);
});
