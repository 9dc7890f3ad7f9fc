import { CodeSnippet } from '@backstage/core-components';

/** The command that writes a kubeconfig for an access-entry cluster, using the person's own AWS identity. */
export function awsCliCommand(cluster: string, region: string): string {
  return `aws eks update-kubeconfig --name ${cluster} --region ${region}`;
}

/** The AWS CLI command for an access-entry cluster, with a copy button. */
export const AwsCliInstructions = (props: {
  cluster: string;
  region: string;
}) => (
  <CodeSnippet
    language="bash"
    text={awsCliCommand(props.cluster, props.region)}
    showCopyCodeButton
  />
);
