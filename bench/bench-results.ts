/** Figures one benchmark hands to a later one in the same run (the limit's efficiency). */
export type BenchResults = Map<string, number>;
