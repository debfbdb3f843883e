import { ApiError, operatorKey, signOut } from './api';

/**
 * CSV exports need the Authorization header, which a plain link cannot carry: fetch the file, then
 * hand the browser a Blob to save under the name the API gives in content-disposition.
 */
export async function downloadCsv(path: string, fallbackName: string): Promise<string> {
  const response = await fetch(path, { headers: { authorization: `Bearer ${operatorKey.value ?? ''}` } });
  if (response.status === 401) signOut();
  if (!response.ok) throw new ApiError(response.status, `HTTP ${response.status}`);
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the Blob to the download manager; release it on the next turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
  return name;
}
