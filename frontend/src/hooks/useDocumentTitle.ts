import { useEffect } from 'react';
import { documentTitle } from '../lib/title';

export function useDocumentTitle(page: string): void {
  useEffect(() => {
    document.title = documentTitle(page);
  }, [page]);
}
