// Loads one staff-API answer for a page: loading, the data, the failure, and reload after a change. Data
// of the same page stays on screen while another month loads, so a table does not flash empty.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api.ts';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

const pathOnly = (url: string | null) => url?.split('?')[0] ?? null;

export function useApi<T>(url: string | null): Resource<T> {
  const [state, setState] = useState<{ url: string | null; data: T | undefined; error: unknown; loading: boolean }>({ url, data: undefined, error: undefined, loading: url !== null });
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    if (url === null) return;
    const ticket = ++latest.current;
    setState((s) => ({ url, data: pathOnly(s.url) === pathOnly(url) ? s.data : undefined, error: undefined, loading: true }));
    // Only the latest request may answer: a slow reply for last month must not overwrite this month.
    api.get<T>(url).then(
      (data) => {
        if (ticket === latest.current) setState({ url, data, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (ticket === latest.current) setState((s) => ({ url, data: s.data, error, loading: false }));
      },
    );
  }, [url, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
