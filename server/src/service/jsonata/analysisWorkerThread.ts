import { parentPort } from 'node:worker_threads';
import { analysisRecords, recordsText } from './analysis';
import type { AnalysisReply, AnalysisRequest } from './analysisWorker';

/**
 * The worker thread of analysisWorker.ts (bundled as dist/analysisWorker.js): analyses the texts
 * it is sent (parsed in batches: analysisRecords) and replies with their records as JSON text
 * (recordsText). It keeps nothing between requests.
 */
parentPort?.on('message', (request: AnalysisRequest) => {
  const reply: AnalysisReply = { id: request.id, records: recordsText(analysisRecords(request.texts)) };
  parentPort?.postMessage(reply);
});
