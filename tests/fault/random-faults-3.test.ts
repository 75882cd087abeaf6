// The randomized fault test, part 4 of 4: seeds 226–300 (see seeds.ts and npm run soak).
import { describeFaultSeeds } from './seeds.ts';

describeFaultSeeds(3);
