import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The stand-alone M11.1 receipt process was absorbed into the technical review: a round's
 * `review_round.received_at` is the receipt. The receipts that process recorded stay in each
 * project's history as audit entries (`project.materials-received`); the table goes.
 */
export class DropMaterialReceipt1763801600000 implements MigrationInterface {
  name = 'DropMaterialReceipt1763801600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO audit_log (at, actor, action, entity_type, entity_id, before_state, after_state)
      SELECT received_at, 'process', 'project.materials-received', 'project', project_code, NULL,
             JSON_OBJECT('rule', 'M11.1', 'registeredAt', registered_at,
                         'processInstanceKey', CAST(process_instance_key AS CHAR))
        FROM material_receipt ORDER BY id`);
    await q.query('DROP TABLE material_receipt');
  }

  async down(q: QueryRunner): Promise<void> {
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
    // the audit log is append-only: the entries stay, the rows come back from them
    await q.query(`
      INSERT INTO material_receipt (project_code, process_instance_key, received_at, registered_at)
      SELECT entity_id, CAST(JSON_UNQUOTE(JSON_EXTRACT(after_state, '$.processInstanceKey')) AS UNSIGNED), at,
             CAST(JSON_UNQUOTE(JSON_EXTRACT(after_state, '$.registeredAt')) AS DATETIME(3))
        FROM audit_log WHERE action = 'project.materials-received' ORDER BY id`);
  }
}
