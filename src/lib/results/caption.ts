/**
 * How a result from a collection is named on its card (pure): the file's name, the folder it is
 * in (so ten "gray.jpg" can be told apart), and the whole path for the tooltip.
 */
export interface ResultCaption {
  readonly name: string;
  /** "collection › folder", or the collection alone for a file at its top */
  readonly where: string;
  /** collection and full path, shown on hover */
  readonly title: string;
}

export function collectionCaption(path: string, collection: string | undefined): ResultCaption {
  const cut = path.lastIndexOf('/');
  const name = cut >= 0 ? path.slice(cut + 1) : path;
  const folder = cut >= 0 ? path.slice(0, cut) : '';
  const where = [collection, folder].filter(Boolean).join(' › ');
  return { name, where, title: collection ? `${collection}: ${path}` : path };
}
