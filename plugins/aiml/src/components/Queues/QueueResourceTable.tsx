import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import type { AimlQueueResource } from '@eks-aiml/plugin-aiml-common';
import { acceleratorRows, unitOfResource } from './queueText';

/** A queue's accelerators per flavor: nominal, in use, borrowed, lent, available now. */
export function QueueResourceTable(props: {
  rows: AimlQueueResource[];
  label: string;
  /** A first column naming the team, for the cohort. */
  team?: string;
}) {
  const rows = acceleratorRows(props.rows);
  return (
    <Table size="small" aria-label={props.label}>
      <TableHead>
        <TableRow>
          {props.team !== undefined && <TableCell>Team</TableCell>}
          <TableCell>Flavor</TableCell>
          <TableCell>Resource</TableCell>
          <TableCell align="right">Nominal</TableCell>
          <TableCell align="right">In use</TableCell>
          <TableCell align="right">Borrowed</TableCell>
          <TableCell align="right">Lent</TableCell>
          <TableCell align="right">Available now</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(r => (
          <TableRow key={`${r.flavor}/${r.resource}`}>
            {props.team !== undefined && <TableCell>{props.team}</TableCell>}
            <TableCell>{r.flavor}</TableCell>
            <TableCell>{unitOfResource(r.resource)}</TableCell>
            <TableCell align="right">{r.nominal}</TableCell>
            <TableCell align="right">{r.used}</TableCell>
            <TableCell align="right">{r.borrowed}</TableCell>
            <TableCell align="right">{r.lent}</TableCell>
            <TableCell align="right">{r.available}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
