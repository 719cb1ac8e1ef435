import { AppError } from '../shared/errors.js';

/** The series cannot support the requested forecast (too short, wrong shape). Callers map it to a usage error. */
export class ForecastDataError extends AppError {
  constructor(message: string) {
    super('FORECAST_DATA', message);
    this.name = 'ForecastDataError';
  }
}
