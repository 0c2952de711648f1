// react-query hooks for the troubleshooter, the Connect page and the Server page.
import { useQuery } from '@tanstack/react-query';
import { useSession } from './api-context.js';

export const troubleshootKeys = {
  recentRequests: () => ['server', 'requests'] as const,
  metricsReports: (catalog: string) => ['catalogs', catalog, '$metrics-reports'] as const,
};

/** Recent requests and errors, refreshed every few seconds while the page is open. */
export function useRecentRequests() {
  const { client } = useSession();
  return useQuery({ queryKey: troubleshootKeys.recentRequests(), queryFn: () => client.recentRequests(), refetchInterval: 5000, retry: false });
}

export function useMetricsReports(catalog: string | undefined) {
  const { client } = useSession();
  return useQuery({ queryKey: troubleshootKeys.metricsReports(catalog ?? ''), queryFn: () => client.metricsReports(catalog!), enabled: Boolean(catalog), retry: false });
}
