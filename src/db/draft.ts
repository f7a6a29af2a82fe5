/** Text typed into a form, kept so a reload, an update or a killed app loses none of it. */
export interface Draft {
  /** Which field, e.g. `signIn.username`. */
  key: string;
  value: string;
  updatedAt: number;
}
