// @ts-check

/**
 * Requests that need approval (another team's namespaces, a ttl above the cluster's
 * selfServiceMaxTtl) are grants in state `requested`; `approval` holds, as JSON, why,
 * who may approve, the ttl asked for (counted from approval) and the decision.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('aiml_grants', table => {
    table.text('approval').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('aiml_grants', table => {
    table.dropColumn('approval');
  });
};
