import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { copyFixture, strata } from '../../support/cli.js';
import { describeWithService } from '../../services/lifecycle/integration.js';

describeWithService('postgres', 'strata debug against PostgreSQL (Redshift method pg)', (service) => {
  const secret = `pw-${randomUUID()}`;
  const project = (port: number) => {
    const dir = copyFixture('basic');
    writeFileSync(
      join(dir, 'profiles.yml'),
      [
        'basic:',
        '  target: ci',
        '  outputs:',
        '    ci:',
        '      type: redshift',
        '      method: pg',
        `      host: ${service.host}`,
        `      port: ${port}`,
        `      user: ${String(service.details['user'])}`,
        `      password: ${secret}`,
        `      dbname: ${String(service.details['database'])}`,
        '      schema: debug_check',
        '      sslmode: disable',
        '',
      ].join('\n'),
    );
    return dir;
  };

  it('connects, printing the target with its password hidden', async () => {
    const result = await strata(['debug'], { cwd: project(service.port) });
    expect(result.stderr).toBe('');
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/adapter driver: pg=\d+\.\d+/);
    expect(result.stdout).toContain(`    host: ${service.host}`);
    expect(result.stdout).toContain('    password: ***');
    expect(result.stdout).toContain('Connection test: [OK connection ok]');
    expect(result.stdout).not.toContain(secret);
  });

  it('exits 1 with the connection error, and still never prints the password', async () => {
    // port 1: nothing listens there, so the connection is refused
    const result = await strata(['debug'], { cwd: project(1) });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Connection test: [ERROR]');
    expect(result.stdout).toContain("Could not connect to target 'ci'");
    expect(`${result.stdout}${result.stderr}`).not.toContain(secret);
  });
});
