// The randomized fault test, part 6 of 6: seeds 251–300 (see seeds.ts and npm run soak).
import { describeFaultSeeds } from './seeds.ts';

describeFaultSeeds(5);
