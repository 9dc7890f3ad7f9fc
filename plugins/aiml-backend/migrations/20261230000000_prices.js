// @ts-check

/**
 * Prices fetched from AWS (`aiml.pricing.aws`): on-demand list prices per region and
 * instance type, spot price history per account, zone and instance type (kept after EC2
 * forgets it, 90 days on), and the outcome of the last fetch.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('aiml_list_prices', table => {
    table.string('region').notNullable();
    table.string('instance_type').notNullable();
    table.double('hourly').notNullable();
    table.bigInteger('fetched_at').notNullable();
    table.primary(['region', 'instance_type']);
  });
  await knex.schema.createTable('aiml_spot_prices', table => {
    table.string('account_id').notNullable();
    table.string('zone').notNullable();
    table.string('instance_type').notNullable();
    table.bigInteger('from_ms').notNullable();
    table.double('hourly').notNullable();
    table.primary(['account_id', 'zone', 'instance_type', 'from_ms']);
  });
  await knex.schema.createTable('aiml_price_fetches', table => {
    table.string('kind').primary();
    table.bigInteger('attempted_at').notNullable();
    table.bigInteger('succeeded_at').nullable();
    table.text('error').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('aiml_price_fetches');
  await knex.schema.dropTable('aiml_spot_prices');
  await knex.schema.dropTable('aiml_list_prices');
};
