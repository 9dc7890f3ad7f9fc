import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { Content } from '@backstage/core-components';
import MemoryIcon from '@material-ui/icons/Memory';
import { aimlApiFactory } from './api/factory';
import { isAimlProject, isAimlTeam } from './lib/conditions';

/** The same factory as the legacy plugin's: one client, two frontend systems. */
const aimlApi = ApiBlueprint.make({
  params: defineParams => defineParams(aimlApiFactory),
});

const aimlRootRouteRef = createRouteRef();

const aimlPage = PageBlueprint.make({
  params: {
    path: '/aiml',
    title: 'Accelerators',
    icon: <MemoryIcon />,
    routeRef: aimlRootRouteRef,
    loader: () =>
      import('./components/AimlPage').then(m => (
        <Content>
          <m.AimlPageContent />
        </Content>
      )),
  },
});

const teamUsageContent = EntityContentBlueprint.make({
  name: 'team-usage',
  params: {
    path: '/aiml',
    title: 'Accelerators',
    filter: isAimlTeam,
    loader: () =>
      import('./components/TeamUsage').then(m => (
        <m.EntityAimlTeamUsageContent />
      )),
  },
});

const projectUsageContent = EntityContentBlueprint.make({
  name: 'project-usage',
  params: {
    path: '/aiml',
    title: 'Accelerators',
    filter: isAimlProject,
    loader: () =>
      import('./components/ProjectUsage').then(m => (
        <m.EntityAimlProjectUsageContent />
      )),
  },
});

const teamUsageCard = EntityCardBlueprint.make({
  name: 'team-usage',
  params: {
    filter: isAimlTeam,
    loader: () =>
      import('./components/TeamUsage').then(m => <m.EntityAimlTeamUsageCard />),
  },
});

const projectUsageCard = EntityCardBlueprint.make({
  name: 'project-usage',
  params: {
    filter: isAimlProject,
    loader: () =>
      import('./components/ProjectUsage').then(m => (
        <m.EntityAimlProjectUsageCard />
      )),
  },
});

const workloadStartCard = EntityCardBlueprint.make({
  name: 'workload-start',
  params: {
    filter: isAimlProject,
    loader: () =>
      import('./components/WorkloadStart').then(m => (
        <m.EntityAimlWorkloadStartCard />
      )),
  },
});

const clusterAccessCard = EntityCardBlueprint.make({
  name: 'cluster-access',
  params: {
    filter: entity => isAimlTeam(entity) || isAimlProject(entity),
    loader: () =>
      import('./components/ClusterAccessCard').then(m => (
        <m.EntityAimlClusterAccessCard />
      )),
  },
});

const clusterPickerField = FormFieldBlueprint.make({
  name: 'cluster-picker',
  params: {
    field: () =>
      import('./alpha/formFields').then(m => m.clusterPickerFormField),
  },
});

const acceleratorPickerField = FormFieldBlueprint.make({
  name: 'accelerator-picker',
  params: {
    field: () =>
      import('./alpha/formFields').then(m => m.acceleratorPickerFormField),
  },
});

const modelPickerField = FormFieldBlueprint.make({
  name: 'model-picker',
  params: {
    field: () => import('./alpha/formFields').then(m => m.modelPickerFormField),
  },
});

export { aimlKubernetesModule } from './alpha/kubernetesModule';

/**
 * The aiml plugin for the new frontend system: the portal page, team and project
 * usage tabs and cards, the cluster access card and the scaffolder fields.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'aiml',
  title: 'Accelerators',
  icon: <MemoryIcon />,
  routes: { root: aimlRootRouteRef },
  extensions: [
    aimlApi,
    aimlPage,
    teamUsageContent,
    projectUsageContent,
    teamUsageCard,
    projectUsageCard,
    workloadStartCard,
    clusterAccessCard,
    clusterPickerField,
    acceleratorPickerField,
    modelPickerField,
  ],
});
