/** The flow tables as Kysely sees them (migration 0005); used by the two modules that own their SQL. */
import type { Kysely } from 'kysely';
import type { Store } from '../store/database.js';

export type FlowDefinitionRow = {
  id: string;
  api_name: string;
  api_name_key: string;
  version: number;
  process_type: string;
  label: string;
  xml: string;
  is_active: number;
  created_date: string;
  created_by_id: string | null;
};

export type FlowInterviewRow = {
  id: string;
  flow_api_name: string;
  flow_version: number;
  user_id: string;
  status: string;
  version: number;
  state: string;
  created_date: string;
  last_modified_date: string;
};

export type FlowTables = {
  flow_definition: FlowDefinitionRow;
  flow_interview: FlowInterviewRow;
};

export function flowTables(store: Store) {
  return store.db.withTables<FlowTables>();
}

export type FlowDb = Kysely<FlowTables>;
