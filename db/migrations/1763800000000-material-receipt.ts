import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MaterialReceipt1763800000000 implements MigrationInterface {
  name = 'MaterialReceipt1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE material_receipt (
        id BIGINT NOT NULL AUTO_INCREMENT,
        project_code VARCHAR(32) NOT NULL,
        process_instance_key BIGINT NOT NULL,
        received_at DATETIME(3) NOT NULL,
        registered_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY ux_material_receipt_instance (process_instance_key),
        KEY ix_material_receipt_project (project_code)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE material_receipt');
  }
}
