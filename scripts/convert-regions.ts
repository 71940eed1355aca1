// Converts ../shared/data/regions/emsland.json (Destatis GV-ISys extract) into the seed the
// portal ships in src/tenancy/seed/emsland.json. Run from the repository root:
//   node scripts/convert-regions.ts ../shared/data/regions/emsland.json > src/tenancy/seed/emsland.json
// tenancy/seed.test.ts checks that the shipped file still equals this conversion.
import { readFileSync } from 'node:fs';
import { convertRegions } from '../src/tenancy/seed-convert.ts';

const path = process.argv[2];
if (!path) {
  console.error('usage: node scripts/convert-regions.ts <emsland.json>');
  process.exit(2);
}
process.stdout.write(
  `${JSON.stringify(convertRegions(JSON.parse(readFileSync(path, 'utf8'))), null, 2)}\n`,
);
