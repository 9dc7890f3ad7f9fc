// @ts-check

/**
 * Access grants: written before any side effect on a cluster, so a crash at any
 * point leaves a row the reconciler can finish. No token or kubeconfig is ever stored.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('aiml_grants', table => {
    table.string('id', 64).primary();
    table.string('user_ref', 255).notNullable().index();
    table.string('team', 63).notNullable().index();
    table.string('cluster', 100).notNullable();
    table.string('level', 16).notNullable();
    table.boolean('break_glass').notNullable().defaultTo(false);
    table.string('strategy', 16).notNullable();
    table.text('namespaces').notNullable();
    table.text('reason').notNullable();
    table.string('state', 16).notNullable().index();
    table.bigInteger('created_at').notNullable();
    table.bigInteger('expires_at').notNullable().index();
    table.bigInteger('updated_at').notNullable();
    table.bigInteger('revoked_at').nullable();
    table.string('revoked_by', 255).nullable();
    table.string('end_reason', 32).nullable();
    table.text('failure').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('aiml_grants');
};
