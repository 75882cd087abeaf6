// The randomized fault test, part 2 of 4: seeds 76–150 (see seeds.ts and npm run soak).
import { describeFaultSeeds } from './seeds.ts';

describeFaultSeeds(1);
