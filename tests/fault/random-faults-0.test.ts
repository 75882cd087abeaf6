// The randomized fault test, part 1 of 6: seeds 1–50 (see seeds.ts and npm run soak).
import { describeFaultSeeds } from './seeds.ts';

describeFaultSeeds(0);
