import { readFile, readdir } from 'node:fs/promises';

/**
 * Reads a small text file, or null when it is missing or unreadable. Absence is normal here:
 * processes exit between readdir and read, and kernels, containers and other OSes lack files.
 */
export async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

/** Directory entries, or null when the directory cannot be listed. */
export async function listDir(path: string): Promise<string[] | null> {
  try {
    return await readdir(path);
  } catch {
    return null;
  }
}

