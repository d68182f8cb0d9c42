export const LOGO_MAX_BYTES = 1024 * 1024;
export const LOGO_TYPES: readonly string[] = ['image/png', 'image/jpeg'];

/** True when the file may be the clinic's logo: a PNG or JPEG of at most 1 MB. */
export function isAcceptableLogo(file: { type: string; size: number }): boolean {
  return LOGO_TYPES.includes(file.type) && file.size <= LOGO_MAX_BYTES;
}

export function readLogo(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/** The server field names of the clinic profile form. */
export const CLINIC_FIELDS = ['name', 'address', 'phone', 'logo'] as const;
