import type { ReactNode } from 'react';

type Props = {
  caption: string;
  head: ReactNode[];
  children: ReactNode;
  testId?: string;
};

/** A plain data table with a (visually hidden) caption; rows are passed as children. */
export function Table({ caption, head, children, testId }: Props) {
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {head.map((h, i) => (
              <th key={i} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
