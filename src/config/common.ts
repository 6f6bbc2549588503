/** Small zod building blocks shared by the config schemas. */
import { z } from 'zod';

export const httpUrl = z.string().refine((s) => /^https?:\/\/[^/\s]+/i.test(s) && URL.canParse(s), {
  message: 'must be an http(s) URL such as http://www.example.gov.cn/',
});

/** A regular expression written as a string; compiled here so a bad pattern is a config error, not a crash later. */
export const regexString = z.string().refine(
  (s) => {
    try {
      new RegExp(s, 'u');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'is not a valid regular expression' },
);

export const isoDate = z.iso.date();
