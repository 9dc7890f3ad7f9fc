import { parseArgs } from 'node:util';
import { Sandbox } from './sandbox';

const usage = `usage: yarn sandbox --out DIR [--state FILE] [--port N]

Starts the emulated AWS account (EKS, STS and a Kubernetes API server per cluster)
on loopback, writes DIR/kubeconfig, DIR/aws.env and DIR/sandbox.json, prints
"sandbox ready" and runs until killed.`;

async function main() {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      state: { type: 'string' },
      port: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || !values.out) {
    console.error(usage);
    process.exit(values.help ? 0 : 2);
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (
    port !== undefined &&
    !(Number.isInteger(port) && port >= 0 && port < 65536)
  ) {
    console.error(`--port must be a port number, got ${values.port}`);
    process.exit(2);
  }
  const sandbox = await Sandbox.start({
    statePath: values.state,
    awsPort: port,
  });
  sandbox.writeOut(values.out);
  console.log('sandbox ready');
  const stop = async () => {
    await sandbox.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(error => {
  console.error(`sandbox failed to start: ${error.message}`);
  process.exit(1);
});
