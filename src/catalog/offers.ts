// What other domains may ask the catalogue in their own connection: the online service behind
// a LeiKa key and the authorities that offer it. The catalogue's tables stay its own
// (repository.ts); these are the queries it exports (drafts start a form with them).
export {
  findOnlineServiceByLeikaKey,
  listActivations,
  listServicesOfAuthority,
} from './repository.ts';
