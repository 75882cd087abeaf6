// The randomized fault test, part 2 of 6: seeds 51–100 (see seeds.ts and npm run soak).
import { describeFaultSeeds } from './seeds.ts';

describeFaultSeeds(1);
