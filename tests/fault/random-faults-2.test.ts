// The randomized fault test, part 3 of 4: seeds 151–225 (see seeds.ts and npm run soak).
import { describeFaultSeeds } from './seeds.ts';

describeFaultSeeds(2);
