/** The part of the Web Storage API (localStorage) that the settings helpers use; src/lib has no DOM types. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}
