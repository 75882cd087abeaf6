// The randomized fault test, part 4 of 6: seeds 151–200 (see seeds.ts and npm run soak).
import { describeFaultSeeds } from './seeds.ts';

describeFaultSeeds(3);
