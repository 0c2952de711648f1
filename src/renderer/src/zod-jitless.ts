// Imported first by main.tsx, before any schema is built: zod would otherwise probe
// `new Function('')` to compile fast parsers, which the UI's CSP (script-src 'self', no
// 'unsafe-eval') refuses and reports as a violation. Interpreted parsing is fast enough here.
import { z } from 'zod';

z.config({ jitless: true });
