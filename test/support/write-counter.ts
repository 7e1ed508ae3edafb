import pg from 'pg';

/**
 * Counts the rows committed in every application table of a test database, through row triggers
 * that bump one counter in the same transaction: a request that wrote nothing it kept leaves the
 * count unchanged, whatever it tried and rolled back. Nothing in the API writes on its own (no
 * "last used" column on keys, no timers: those run in the worker), so any change between two
 * reads comes from the requests in between.
 */
export class WriteCounter {
  private constructor(private readonly client: pg.Client) {}

  static async install(databaseUrl: string): Promise<WriteCounter> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`
      CREATE TABLE test_write_count (rows bigint NOT NULL);
      INSERT INTO test_write_count VALUES (0);
      CREATE FUNCTION test_count_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE test_write_count SET rows = rows + 1;
        RETURN NULL;
      END $$;
      DO $$
      DECLARE name text;
      BEGIN
        FOR name IN SELECT tablename FROM pg_tables
                     WHERE schemaname = 'public' AND tablename NOT IN ('test_write_count', 'migrations')
        LOOP
          EXECUTE format(
            'CREATE TRIGGER test_count_write AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION test_count_write()',
            name);
        END LOOP;
      END $$;`);
    return new WriteCounter(client);
  }

  async rows(): Promise<number> {
    const result = await this.client.query<{ rows: string }>('SELECT rows FROM test_write_count');
    return Number(result.rows[0]!.rows);
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
