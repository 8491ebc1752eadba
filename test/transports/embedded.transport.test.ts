import { transportContract } from './transport-contract.js';

// No broker: each member serves its journal on its own HTTP port and follows its static peers'.
transportContract('embedded');
