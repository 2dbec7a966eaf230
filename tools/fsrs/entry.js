// What theme/static/study.js uses from ts-fsrs; everything else is left out of the bundle.
export { fsrs, generatorParameters, createEmptyCard, Rating, State } from "ts-fsrs";
