// The randomized fault test, part 3 of 6: seeds 101–150 (see seeds.ts and npm run soak).
import { describeFaultSeeds } from './seeds.ts';

describeFaultSeeds(2);
