// @ts-check

/**
 * Access-entry grants and several replicas:
 * - `principal_arn`: the IAM role an access-entry grant was given to, kept so its
 *   entry can be reconciled even if the User's annotation changes later;
 * - `live_key`: a digest of the request (user, team, cluster, level, break-glass,
 *   TTL, reason) while the grant is pending or active, NULL afterwards. Its unique
 *   index makes concurrent identical requests yield one grant, on SQLite and
 *   PostgreSQL alike (NULLs are distinct).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('aiml_grants', table => {
    table.string('principal_arn', 2048).nullable();
    table.string('live_key', 64).nullable();
  });
  await knex.schema.alterTable('aiml_grants', table => {
    table.unique(['live_key'], { indexName: 'aiml_grants_live_key_unique' });
    table.index(['cluster', 'principal_arn'], 'aiml_grants_principal_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('aiml_grants', table => {
    table.dropIndex(['cluster', 'principal_arn'], 'aiml_grants_principal_idx');
    table.dropUnique(['live_key'], 'aiml_grants_live_key_unique');
  });
  await knex.schema.alterTable('aiml_grants', table => {
    table.dropColumn('live_key');
    table.dropColumn('principal_arn');
  });
};
