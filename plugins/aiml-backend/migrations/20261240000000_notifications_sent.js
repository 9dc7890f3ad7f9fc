// @ts-check

/**
 * The notifications the plugin has sent, by deduplication key: one row per key, so
 * of two replicas (or a restart) racing to send the same notice only one inserts it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('aiml_notifications_sent', table => {
    table.string('key', 255).primary();
    table.bigInteger('sent_at').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('aiml_notifications_sent');
};
