/** The formats a report renders to (`ocpp-scope report --html/--junit/--json`, `report.render`). */
export type ReportFormat = 'html' | 'junit' | 'json';
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'junit', 'json'];
