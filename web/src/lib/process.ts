// The policy in force, from GET /api/v1/process: fixed while the server
// runs, so it is fetched once per page load and shared.
import { get } from './api';
import type { Process, ProcessStage } from './types';

let cached: Promise<Process> | null = null;

export function loadProcess(): Promise<Process> {
  cached ??= get<Process>('/api/v1/process').catch((error) => {
    cached = null;
    throw error;
  });
  return cached;
}

/** The stages in the order a case meets them: from the start stage along the actions, terminal stages last. */
export function stagesInOrder(process: Process): ProcessStage[] {
  const byId = new Map(process.stages.map((s) => [s.id, s]));
  const order: ProcessStage[] = [];
  const seen = new Set<string>();
  const queue = [process.start_stage];
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    const stage = byId.get(id);
    if (!stage) continue;
    seen.add(id);
    if (!stage.terminal) order.push(stage);
    for (const action of stage.actions) if (action.to && !seen.has(action.to.id)) queue.push(action.to.id);
  }
  for (const stage of process.stages) if (!seen.has(stage.id) && !stage.terminal) order.push(stage);
  for (const stage of process.stages) if (stage.terminal) order.push(stage);
  return order;
}

export function stageTitle(process: Process | undefined, id: string | null): string {
  if (!id) return '—';
  return process?.stages.find((s) => s.id === id)?.title ?? id;
}

export function categoryTitle(process: Process | undefined, id: string): string {
  return process?.categories.find((c) => c.id === id)?.title ?? id;
}

export function sanctionTitle(process: Process | undefined, id: string | null): string {
  if (!id) return '—';
  return process?.sanctions.find((s) => s.id === id)?.title ?? id;
}

/** An action's title, looked up in any stage (the timeline names actions by id). */
export function actionTitle(process: Process | undefined, id: string): string {
  for (const stage of process?.stages ?? []) {
    const found = stage.actions.find((a) => a.id === id);
    if (found) return found.title;
  }
  const words = id.replace(/[._]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
