/**
 * The cluster recipes in deploy/: no cluster is reachable here, so their shape is checked — the
 * Kubernetes manifest parsed and its fields compared, the SLURM scripts' array range against
 * their shard argument, and every shell script through `bash -n`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ROOT } from './helpers.js';

const DEPLOY = join(ROOT, 'deploy');
const read = (p: string) => readFileSync(join(DEPLOY, p), 'utf8');

/** Manifests are untyped YAML: read them as such. */
type Doc = any;

function manifest(): Doc[] {
  const docs = parseAllDocuments(read('kubernetes/c2sim-shards.yaml'));
  for (const d of docs) expect(d.errors).toEqual([]);
  return docs.map((d) => d.toJSON() as Doc);
}

/** The shell text a container runs: command and args joined. */
const script = (c: Doc): string => [...(c.command ?? []), ...(c.args ?? [])].join(' ');

describe('deploy/kubernetes/c2sim-shards.yaml', () => {
  const docs = manifest();
  const jobs = docs.filter((d) => d.kind === 'Job');
  const shards = jobs.find((j) => j.spec?.completionMode === 'Indexed');

  it('is a batch/v1 Indexed Job with completions = parallelism = the N of its --shard argument', () => {
    expect(shards).toBeDefined();
    expect(shards.apiVersion).toBe('batch/v1');
    const n = shards.spec.completions;
    expect(Number.isInteger(n) && n > 1).toBe(true);
    expect(shards.spec.parallelism).toBe(n);
    expect(shards.spec.template.spec.restartPolicy).toBe('Never');
    const [container] = shards.spec.template.spec.containers;
    const sh = script(container);
    // The 0-based completion index becomes the 1-based shard number.
    expect(sh).toContain(`--shard $((JOB_COMPLETION_INDEX+1))/${n}`);
    expect(sh).toMatch(/c2sim run "\$SCENARIO" --seed "\$SEED" --runs "\$RUNS"/);
    expect(sh).toMatch(/--out \/results\/part-\$I\.json/);
  });

  it('mounts one shared ReadWriteMany volume at /results in the shards and the merge', () => {
    const pvc = docs.find((d) => d.kind === 'PersistentVolumeClaim');
    expect(pvc?.apiVersion).toBe('v1');
    expect(pvc.spec.accessModes).toContain('ReadWriteMany');
    for (const job of jobs) {
      const pod = job.spec.template.spec;
      const vol = pod.volumes.find((v: Doc) => v.persistentVolumeClaim?.claimName === pvc.metadata.name);
      expect(vol, job.metadata.name).toBeDefined();
      for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
        expect(c.volumeMounts, `${job.metadata.name}/${c.name}`).toContainEqual({ name: vol.name, mountPath: '/results' });
      }
    }
  });

  it('has a merge step that waits for all N parts and runs c2sim merge over them', () => {
    const merge = jobs.find((j) => j !== shards);
    expect(merge?.apiVersion).toBe('batch/v1');
    const pod = merge.spec.template.spec;
    expect(pod.containers.map(script).join('\n')).toMatch(/c2sim merge \/results\/part-\*\.json --out \/results\/report\.json/);
    const wait = pod.initContainers.find((c: Doc) => /part-\*\.json/.test(script(c)));
    expect(wait).toBeDefined();
    expect(wait.env).toContainEqual({ name: 'SHARDS', value: String(shards.spec.completions) });
    expect(merge.spec.activeDeadlineSeconds).toBeGreaterThan(0);
  });

  it('gives scenario, seed and runs once, to every shard', () => {
    const cm = docs.find((d) => d.kind === 'ConfigMap');
    expect(Object.keys(cm.data).sort()).toEqual(['RUNS', 'SCENARIO', 'SEED']);
    const [container] = shards.spec.template.spec.containers;
    expect(container.envFrom).toContainEqual({ configMapRef: { name: cm.metadata.name } });
  });
});

describe('deploy/slurm', () => {
  const shards = read('slurm/c2sim-shards.sbatch');
  const merge = read('slurm/c2sim-merge.sbatch');
  const n = Number(/^#SBATCH --array=1-(\d+)$/m.exec(shards)?.[1]);

  it('the job array runs 1..N and each task passes --shard $SLURM_ARRAY_TASK_ID/N', () => {
    expect(n).toBeGreaterThan(1);
    expect(shards).toMatch(new RegExp(`^SHARDS=${n}$`, 'm'));
    expect(shards).toContain('--shard "${SLURM_ARRAY_TASK_ID}/${SHARDS}"');
    expect(shards).toMatch(/--out "\$part\.tmp"/);
  });

  it('the merge job expects the same N parts, runs c2sim merge, and is submitted afterok', () => {
    expect(merge).toMatch(new RegExp(`^SHARDS=${n}$`, 'm'));
    expect(merge).toMatch(/merge "\$\{parts\[@\]\}" --out "\$RESULTS\/report\.json"/);
    expect(merge).toContain('sbatch --dependency=afterok:$shards deploy/slurm/c2sim-merge.sbatch');
    expect(shards).toContain('sbatch --dependency=afterok:$shards deploy/slurm/c2sim-merge.sbatch');
  });
});

describe('deploy shell scripts', () => {
  for (const file of ['slurm/c2sim-shards.sbatch', 'slurm/c2sim-merge.sbatch', 'parallel/run-shards.sh']) {
    it(`${file} parses (bash -n)`, () => {
      const r = spawnSync('bash', ['-n', join(DEPLOY, file)], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    });
  }

  it('the README shows all three recipes', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Running across machines'));
    expect(section).toContain('deploy/parallel/run-shards.sh');
    expect(section).toContain('kubectl apply -f deploy/kubernetes/c2sim-shards.yaml');
    expect(section).toContain('sbatch --dependency=afterok:');
  });
});
