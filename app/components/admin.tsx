import { Link, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";

const SECTIONS = [
  ["/admin/assemblies", "Area assemblies"],
  ["/admin/neighbourhoods", "Neighbourhoods"],
  ["/admin/agencies", "Agencies"],
  ["/admin/categories", "Categories"],
  ["/admin/bank-holidays", "Bank holidays"],
  ["/admin/users", "People"],
  ["/admin/audit", "Audit log"],
  ["/admin/outbox", "E-mail outbox"],
] as const;

export function AdminPage({
  title,
  children,
  back,
}: {
  title: string;
  children: ReactNode;
  back?: [string, string];
}) {
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6 md:grid-cols-[14rem_minmax(0,1fr)]">
      <nav aria-label="Administration">
        <p className="font-bold">
          <Link to="/admin">Administration</Link>
        </p>
        <ul className="space-y-1">
          {SECTIONS.map(([to, label]) => (
            <li key={to}>
              <NavLink to={to} className={({ isActive }) => (isActive ? "font-bold" : "")}>
                {label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div>
        {back ? (
          <p className="no-print">
            <Link to={back[0]}>Back to {back[1]}</Link>
          </p>
        ) : null}
        <h1>{title}</h1>
        {children}
      </div>
    </div>
  );
}

export function Saved({ show, children = "Saved." }: { show: boolean; children?: ReactNode }) {
  return show ? (
    <p className="notice" role="status">
      {children}
    </p>
  ) : null;
}
