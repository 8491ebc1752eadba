import type { ChangeContext } from '../catalog/catalog.js';
import { CatalogError } from '../catalog/errors.js';
import type { ClusterSettings } from '../config/cluster-properties.js';

/**
 * Refuses the local changes this node may not make, before they happen: every one on a pure slave
 * (toggleMaster=false), and every one while the cluster refuses the node, since a change journaled
 * under another node's instanceName would be taken for that node's own. main.ts gives it to the
 * catalog and the resource store when it makes them.
 */
export function localChangeGuard(settings: () => ClusterSettings, cluster: { refusal(): string | undefined }): (ctx: ChangeContext) => void {
  return (ctx) => {
    if (ctx.source !== 'local') return;
    const { toggleMaster, instanceName } = settings();
    if (!toggleMaster) {
      throw new CatalogError('read_only', `This node (${instanceName}) is a pure slave (toggleMaster=false): it does not accept configuration changes. Make the change on a master node.`);
    }
    const refused = cluster.refusal();
    if (refused) throw new CatalogError('read_only', `This node does not accept configuration changes: the cluster refused it (${refused}). Give it its own instanceName and restart it.`);
  };
}
