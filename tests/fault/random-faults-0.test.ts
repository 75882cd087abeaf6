// The randomized fault test, part 1 of 4: seeds 1–75 (see seeds.ts and npm run soak).
import { describeFaultSeeds } from './seeds.ts';

describeFaultSeeds(0);
