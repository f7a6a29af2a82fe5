const KEY = 'lentera.deviceId';

/** This phone's stable random id: sessions and sync sequence numbers are per device. */
export function deviceId(): string {
  let id = localStorage.getItem(KEY);
  if (!id) {
    id = crypto.randomUUID();
    localStorage.setItem(KEY, id);
  }
  return id;
}
