import type { Attachment } from 'svelte/attachments';
import { swipeStep, type SwipePoint } from '../../lib/ui/swipe.ts';

const carriesFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;

/**
 * Makes an element a drop target for files. `onactive` tells whether a file is being dragged
 * over it (for the highlight). The drop does not bubble, so a window-level fallback does not
 * see it twice.
 */
export function dropTarget(onfiles: (files: File[]) => void, onactive: (active: boolean) => void): Attachment<HTMLElement> {
  return (node) => {
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      if (++depth === 1) onactive(true);
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) onactive(false);
    };
    const over = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const drop = (e: DragEvent) => {
      e.preventDefault();
      e.stopPropagation();
      depth = 0;
      onactive(false);
      const files = Array.from(e.dataTransfer?.files ?? []);
      if (files.length) onfiles(files);
    };
    node.addEventListener('dragenter', enter);
    node.addEventListener('dragleave', leave);
    node.addEventListener('dragover', over);
    node.addEventListener('drop', drop);
    return () => {
      node.removeEventListener('dragenter', enter);
      node.removeEventListener('dragleave', leave);
      node.removeEventListener('dragover', over);
      node.removeEventListener('drop', drop);
    };
  };
}

/** Closes a modal <dialog> when its backdrop (the dialog element itself, outside its content) is clicked. */
export function closeOnBackdrop(): Attachment<HTMLDialogElement> {
  return (dialog) => {
    const click = (e: MouseEvent) => {
      if (e.target !== dialog) return;
      const r = dialog.getBoundingClientRect();
      const inside = e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top && e.clientY <= r.bottom;
      if (!inside) dialog.close();
    };
    dialog.addEventListener('click', click);
    return () => dialog.removeEventListener('click', click);
  };
}

/** The files on a clipboard (a copied image, or files copied in a file manager). */
export function filesFromClipboard(data: DataTransfer | null): File[] {
  if (!data) return [];
  if (data.files.length > 0) return Array.from(data.files);
  const out: File[] = [];
  for (const item of Array.from(data.items)) {
    if (item.kind === 'file') {
      const f = item.getAsFile();
      if (f) out.push(f);
    }
  }
  return out;
}

/**
 * A sideways swipe (touch or pen) on an element: `onstep` gets 'prev' or 'next' as
 * src/lib/ui/swipe.ts reads the gesture. Vertical scrolling stays the browser's (touch-action: pan-y).
 */
export function swipe(onstep: (step: 'prev' | 'next') => void): Attachment<HTMLElement> {
  return (node) => {
    let start: SwipePoint | null = null;
    const down = (e: PointerEvent) => {
      start = e.pointerType === 'mouse' || !e.isPrimary ? null : { x: e.clientX, y: e.clientY, t: e.timeStamp };
    };
    const up = (e: PointerEvent) => {
      if (!start || !e.isPrimary) return;
      const step = swipeStep(start, { x: e.clientX, y: e.clientY, t: e.timeStamp });
      start = null;
      if (step) onstep(step);
    };
    const cancel = () => (start = null);
    node.style.touchAction = 'pan-y';
    node.addEventListener('pointerdown', down);
    node.addEventListener('pointerup', up);
    node.addEventListener('pointercancel', cancel);
    return () => {
      node.removeEventListener('pointerdown', down);
      node.removeEventListener('pointerup', up);
      node.removeEventListener('pointercancel', cancel);
    };
  };
}
