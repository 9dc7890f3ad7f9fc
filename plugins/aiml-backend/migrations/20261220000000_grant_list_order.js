// @ts-check

/**
 * `GET /access/grants` pages newest first by (created_at, id): an index in that order
 * lets callers who see every grant page without sorting the whole table.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('aiml_grants', table => {
    table.index(['created_at', 'id'], 'aiml_grants_created_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('aiml_grants', table => {
    table.dropIndex(['created_at', 'id'], 'aiml_grants_created_idx');
  });
};
