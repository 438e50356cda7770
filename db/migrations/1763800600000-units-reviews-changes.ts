import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Units (design, construction, supervision contractors), their assignment to projects, the
 * dishonest-entity list (M22.2), review rounds with opinions (M11) and change requests (M16).
 */
export class UnitsReviewsChanges1763800600000 implements MigrationInterface {
  name = 'UnitsReviewsChanges1763800600000';

  async up(q: QueryRunner): Promise<void> {
    const table = (sql: string) =>
      q.query(`${sql} ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await table(`
      CREATE TABLE unit (
        credit_code CHAR(18) NOT NULL,
        name VARCHAR(200) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (credit_code)
      )`);
    await table(`
      CREATE TABLE project_unit (
        project_code VARCHAR(32) NOT NULL,
        role ENUM('designer','contractor','supervisor') NOT NULL,
        credit_code CHAR(18) NOT NULL,
        assigned_by VARCHAR(64) NOT NULL,
        assigned_at DATETIME(3) NOT NULL,
        PRIMARY KEY (project_code, role),
        KEY ix_project_unit_unit (credit_code),
        CONSTRAINT fk_pu_project FOREIGN KEY (project_code) REFERENCES project (code),
        CONSTRAINT fk_pu_unit FOREIGN KEY (credit_code) REFERENCES unit (credit_code)
      )`);
    await table(`
      CREATE TABLE dishonest_entity (
        id BIGINT NOT NULL AUTO_INCREMENT,
        credit_code CHAR(18) NOT NULL,
        name VARCHAR(200) NOT NULL,
        reason VARCHAR(1000) NOT NULL,
        decided_by_agency VARCHAR(32) NOT NULL,
        listed_from DATE NOT NULL,
        listed_until DATE NULL,
        listed_by VARCHAR(64) NOT NULL,
        listed_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY ix_dishonest_credit (credit_code, listed_from)
      )`);
    await table(`
      CREATE TABLE review_round (
        id BIGINT NOT NULL AUTO_INCREMENT,
        project_code VARCHAR(32) NOT NULL,
        round_no INT NOT NULL,
        rule_set ENUM('M','T') NOT NULL,
        received_at DATETIME(3) NOT NULL,
        outcome ENUM('pending','passed','failed') NOT NULL,
        decided_at DATETIME(3) NULL,
        designer_credit_code CHAR(18) NULL,
        PRIMARY KEY (id),
        UNIQUE KEY ux_review_round (project_code, round_no),
        CONSTRAINT fk_rr_project FOREIGN KEY (project_code) REFERENCES project (code)
      )`);
    await table(`
      CREATE TABLE review_opinion (
        id BIGINT NOT NULL AUTO_INCREMENT,
        review_round_id BIGINT NOT NULL,
        agency_code VARCHAR(32) NOT NULL,
        author VARCHAR(64) NOT NULL,
        opinion TEXT NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        CONSTRAINT fk_ro_round FOREIGN KEY (review_round_id) REFERENCES review_round (id)
      )`);
    await table(`
      CREATE TABLE change_request (
        id BIGINT NOT NULL AUTO_INCREMENT,
        project_code VARCHAR(32) NOT NULL,
        description TEXT NOT NULL,
        adjustment_amount DECIMAL(14,2) NOT NULL,
        cumulative_adjustment_ratio DECIMAL(7,4) NOT NULL,
        route ENUM('file','approve') NOT NULL,
        state ENUM('submitted','filed','approved','rejected') NOT NULL,
        requested_by VARCHAR(64) NOT NULL,
        requested_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY ix_change_project (project_code),
        CONSTRAINT fk_cr_project FOREIGN KEY (project_code) REFERENCES project (code)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'change_request',
      'review_opinion',
      'review_round',
      'dishonest_entity',
      'project_unit',
      'unit',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
