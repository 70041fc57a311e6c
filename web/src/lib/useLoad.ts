import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export type Load<T> =
  | { state: 'loading'; data?: undefined; error?: undefined }
  | { state: 'error'; data?: undefined; error: unknown }
  | { state: 'ok'; data: T; error?: undefined };

/**
 * Runs an async loader whenever its keys change and keeps its state:
 * loading, error or the data. `reload` runs it again (after an action).
 */
export function useLoad<T>(loader: () => Promise<T>, keys: unknown[]): Load<T> & { reload: () => Promise<void> } {
  const [load, setLoad] = useState<Load<T>>({ state: 'loading' });
  const generation = useRef(0);
  const run = useCallback(async (quiet: boolean) => {
    const mine = ++generation.current;
    if (!quiet) setLoad({ state: 'loading' });
    try {
      const data = await loader();
      if (mine === generation.current) setLoad({ state: 'ok', data });
    } catch (error) {
      if (mine === generation.current) setLoad({ state: 'error', error });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, keys);
  useEffect(() => {
    void run(false);
  }, [run]);
  return { ...load, reload: () => run(true) };
}
