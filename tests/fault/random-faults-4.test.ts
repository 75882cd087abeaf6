// The randomized fault test, part 5 of 6: seeds 201–250 (see seeds.ts and npm run soak).
import { describeFaultSeeds } from './seeds.ts';

describeFaultSeeds(4);
